datacenter = "dc1"
ports {
  http = 'x'
}
