data_dir = "/tmp"
bogus = 1
ports {
  htp = 8500
  dns = "8600"
}
retry_interval = "10 seconds"
services {
  name = "web"
  chekcs = []
}
