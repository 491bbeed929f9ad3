environment          = "prod"
notebook_admin_cidrs = ["10.8.0.0/16"] # corporate VPN
log_retention_days   = 400
