# Puma for the sandbox store: loopback only, production-like: one worker process per core
# (Ruby threads share one core), several threads each.
threads_count = Integer(ENV.fetch("RAILS_MAX_THREADS", 5))
threads threads_count, threads_count
workers Integer(ENV.fetch("WEB_CONCURRENCY") { Etc.nprocessors.clamp(1, 4) })
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch('PORT', 3000)}"
environment ENV.fetch("RAILS_ENV", "staging")
pidfile ENV.fetch("PIDFILE", "tmp/pids/#{ENV.fetch('SANDBOX_STORE', 'staging')}.pid")

before_fork do
  ActiveRecord::Base.connection_pool.disconnect! if defined?(ActiveRecord::Base)
end
