node_name  = "from-b"
retry_join = ["b1", "b2"]
node_meta {
  k2 = "b"
  k3 = "b"
}
ports {
  dns = 28600
}
service {
  name = "svc-b"
  port = 2
}
