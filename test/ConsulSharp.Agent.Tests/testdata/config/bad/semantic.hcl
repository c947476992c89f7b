datacenter = "DC 1"
data_dir   = "/tmp"
bind_addr  = "10.0.0.1"
bootstrap  = true
bootstrap_expect = 3
performance {
  raft_multiplier = 20
}
dns_config {
  udp_answer_limit = -1
}
service {
  name = "web"
  check {
    name = "no interval"
    http = "http://localhost/"
  }
}
check {
  name = "both"
  ttl = "10s"
  interval = "10s"
  args = ["/bin/true"]
}
