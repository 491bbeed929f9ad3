admin_cidr = "0.0.0.0/0"
ssh_port   = "22"
