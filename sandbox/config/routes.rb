Rails.application.routes.draw do
  get "up" => "rails/health#show", as: :rails_health_check

  # Sandbox housekeeping, loopback only: sandbox/bin/reset calls this after restoring the database.
  post "__sandbox/cache" => "sandbox#clear_cache"

  # Solidus: the REST API at /api (and its core routes).
  mount Spree::Core::Engine, at: "/"
end
