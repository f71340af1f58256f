# Puma for the sandbox store: loopback only, production-like: one worker process per core
# (Ruby threads share one core), two threads each: four requests at once are then split two and
# two over the two cores, where five threads let one worker take three or four of them while the
# other core idles (measured, `npm run bench -- api`: concurrency 4 / concurrency 1 = 1.54-1.68
# with 5 threads, 1.74-1.95 with 2).
threads_count = Integer(ENV.fetch("RAILS_MAX_THREADS", 2))
threads threads_count, threads_count
workers Integer(ENV.fetch("WEB_CONCURRENCY") { Etc.nprocessors.clamp(1, 4) })
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch('PORT', 3000)}"
environment ENV.fetch("RAILS_ENV", "staging")
pidfile ENV.fetch("PIDFILE", "tmp/pids/#{ENV.fetch('SANDBOX_STORE', 'staging')}.pid")

# Every request is accepted afresh by the least busy worker, as behind a staging load balancer: with
# keep-alive a client's connection stays with the worker that accepted it, so four concurrent clients
# can sit on one worker while the other core idles (measured: concurrency 4 of the API dry-run,
# 3.21-3.43 cases/s without keep-alive, 3.06-3.25 with it, back to back on this 2-core machine).
enable_keep_alives false

before_fork do
  ActiveRecord::Base.connection_pool.disconnect! if defined?(ActiveRecord::Base)
end
