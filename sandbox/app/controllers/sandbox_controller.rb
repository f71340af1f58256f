# frozen_string_literal: true

# Housekeeping for the sandbox store; answers only on loopback.
class SandboxController < ActionController::API
  before_action { head :forbidden unless request.local? }

  def clear_cache
    Rails.cache.clear
    head :no_content
  end
end
