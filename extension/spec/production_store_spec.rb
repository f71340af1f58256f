# frozen_string_literal: true

require 'open3'

# The sandbox's read-only production store has the extension but no secret: it boots here in its
# own process with exactly the environment sandbox/bin/serve gives it (bin/_env `store production`),
# on a throwaway copy of its database, even though the caller's environment holds a secret.
RSpec.describe 'The production sandbox store' do
  it 'ignores a correctly signed clock header' do
    sandbox = File.expand_path('../../sandbox', __dir__)
    script = <<~'BASH'
      source bin/_env
      store production
      export SANDBOX_DB="$EXTENSION_SPEC_WORK/production.sqlite3"
      exec bin/rails runner ../extension/spec/support/production_probe.rb
    BASH
    env = { SolidusHolidayReady::SECRET_ENV => StoreHelpers::SECRET, 'EXTENSION_SPEC_SIGNING_SECRET' => StoreHelpers::SECRET,
            'SANDBOX_INSTANCE' => nil, 'SANDBOX_STORE' => nil, 'SANDBOX_DB' => nil }
    out, err, status = Open3.capture3(env, 'bash', '-c', script, chdir: sandbox)
    expect(status).to be_success, err

    answer = JSON.parse(out.lines.last)
    expect(answer).to eq('store' => 'production', 'secret_in_environment' => false, 'status' => 422,
                         'status_code' => 'coupon_code_not_found', 'clock' => nil, 'ignored' => 'not-configured')
  end
end
