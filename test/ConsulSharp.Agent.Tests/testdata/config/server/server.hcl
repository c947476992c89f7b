# A typical production server (Consul docs: "Agents configuration file reference").
datacenter = "East-AWS"
data_dir   = "/opt/consul"
log_level  = "INFO"
node_name  = "consul-server-1"
server     = true
bootstrap_expect = 3

bind_addr   = "10.0.1.10"
client_addr = "127.0.0.1 10.0.1.10"

retry_join     = ["10.0.1.11", "10.0.1.12"]
retry_interval = "15s"
retry_max      = 5

encrypt = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s="
encrypt_verify_incoming = true
encrypt_verify_outgoing = true

ui_config {
  enabled = true
}

addresses {
  http = "0.0.0.0"
}

ports {
  grpc  = 8502
  https = 8501
  dns   = 8600
}

performance {
  raft_multiplier = 1
}

limits {
  http_max_conns_per_client = 400
  rpc_rate                  = 100
  kv_max_value_size         = 1048576
  txn_max_req_len           = 1048576
}

autopilot {
  cleanup_dead_servers      = true
  last_contact_threshold    = "300ms"
  max_trailing_logs         = 500
  server_stabilization_time = "20s"
}

acl {
  enabled        = true
  default_policy = "deny"
  down_policy    = "extend-cache"
  tokens {
    initial_management = "b1gs33cr3t"
    agent              = "a9c7a3f0-1b1e-4d0d-9f4e-6f1a2b3c4d5e"
  }
}

telemetry {
  prometheus_retention_time = "60s"
  disable_hostname          = true
}

node_meta {
  rack = "r1"
  zone = "us-east-1a"
}

session_ttl_min      = "30s"
disable_update_check = true
leave_on_terminate   = true
