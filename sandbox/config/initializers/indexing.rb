# frozen_string_literal: true

# What search engines are told, per store (the indexing audit checks both sides):
# - staging: every response says `X-Robots-Tag: noindex, nofollow`, and /robots.txt disallows
#   everything, the way a staging server should be hidden from search engines;
# - the read-only "production" store: neither (public/robots.txt lets crawlers in), like a live store.
# SANDBOX_INDEXABLE=1 or 0 overrides it, e.g. for a SANDBOX_INSTANCE copy of production.
class SandboxIndexing
  ROBOTS_TXT = "# Staging: not for search engines.\nUser-agent: *\nDisallow: /\n"

  def initialize(app)
    @app = app
  end

  def call(env)
    if env["PATH_INFO"] == "/robots.txt" && %w[GET HEAD].include?(env["REQUEST_METHOD"])
      return [200, { "content-type" => "text/plain; charset=utf-8", "x-robots-tag" => "noindex, nofollow" }, [ROBOTS_TXT]]
    end

    status, headers, body = @app.call(env)
    headers["x-robots-tag"] = "noindex, nofollow"
    [status, headers, body]
  end
end

indexable = ENV.fetch("SANDBOX_INDEXABLE") { ENV.fetch("SANDBOX_STORE", "staging") == "production" ? "1" : "0" } == "1"
Rails.application.config.middleware.insert_before 0, SandboxIndexing unless indexable
