datacenter = "dc1"
data_dir   = "/tmp/consul"
node_name  = "dns-node"
bind_addr  = "10.0.0.5"
domain     = "example"
alt_domain = "consul.internal"
recursors  = ["9.9.9.9"]

dns_config {
  allow_stale      = false
  max_stale        = "10s"
  node_ttl         = "30s"
  only_passing     = true
  enable_truncate  = true
  udp_answer_limit = 5
  a_record_limit   = 2
  disable_compression = true
  recursor_strategy   = "random"
  recursor_timeout    = "3s"
  service_ttl {
    "*"     = "5s"
    "web*"  = "10s"
    "web-api" = "20s"
  }
  soa {
    refresh = 1800
    retry   = 300
    expire  = 43200
    min_ttl = 5
  }
}
