variable "demo_cidr" {
  description = "Who may reach the demo notebook"
  default     = "0.0.0.0/0"
}
