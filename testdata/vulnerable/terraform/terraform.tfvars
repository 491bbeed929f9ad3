environment = "prod"

# The deploy user's long-lived keys, committed with the code.
deploy_access_key_id     = "AKIA4HQ7ZKX2MNB5VT3P"                     # seed: DATA007
deploy_secret_access_key = "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" # seed: DATA007

# Jupyter "temporarily" opened to the internet for a demo.
notebook_admin_cidrs = ["0.0.0.0/0"]

# Notebook users are root; the model container can call the internet.
notebook_root_access    = "Enabled"
model_network_isolation = false

# Two weeks of logs "to save costs", and GuardDuty switched off for the same reason.
log_retention_days = 14
enable_guardduty   = false
