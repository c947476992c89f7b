datacenter = "dc1"
data_dir = "/tmp"
foo = "bar"
