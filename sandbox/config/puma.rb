# Puma for the sandbox store: loopback only, several threads, one process.
threads_count = ENV.fetch("RAILS_MAX_THREADS", 5)
threads threads_count, threads_count
bind "tcp://127.0.0.1:#{ENV.fetch('PORT', 3000)}"
environment ENV.fetch("RAILS_ENV", "staging")
pidfile ENV.fetch("PIDFILE", "tmp/pids/#{ENV.fetch('SANDBOX_STORE', 'staging')}.pid")
