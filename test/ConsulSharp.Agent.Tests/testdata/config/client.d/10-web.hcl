// The web service with an HTTP check and a script check.
service {
  id      = "web-1"
  name    = "web"
  tags    = ["primary", "v2"]
  address = "192.168.10.21"
  port    = 8080
  meta {
    version = "2.1.0"
  }
  enable_tag_override = true
  weights {
    passing = 10
    warning = 1
  }
  tagged_addresses {
    lan {
      address = "192.168.10.21"
      port    = 8080
    }
    wan {
      address = "203.0.113.21"
      port    = 80
    }
  }
  check {
    id       = "web-http"
    name     = "HTTP on port 8080"
    http     = "http://localhost:8080/health"
    method   = "GET"
    header {
      Authorization = ["Bearer xyz"]
    }
    interval = "10s"
    timeout  = "1s"
    success_before_passing   = 2
    failures_before_critical = 3
  }
  checks = [
    {
      id       = "web-script"
      name     = "Script check"
      args     = ["/usr/local/bin/check_web.sh", "-v"]
      interval = "30s"
    }
  ]
}
