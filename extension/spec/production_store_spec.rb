# frozen_string_literal: true

require 'open3'

# The sandbox's read-only production store has the extension but no secret: it boots here in its
# own process with exactly the environment sandbox/bin/serve gives it (bin/_env `store production`),
# on a throwaway copy of its database, even though the caller's environment holds a secret. Its
# promotion inventory is what the harness reads from production: it must answer there, and write nothing.
RSpec.describe 'The production sandbox store' do
  # Runs a probe (spec/support/) in the production store's own process; its last line of output, parsed.
  def probe(file)
    sandbox = File.expand_path('../../sandbox', __dir__)
    script = <<~BASH
      source bin/_env
      store production
      export SANDBOX_DB="$EXTENSION_SPEC_WORK/production.sqlite3"
      exec bin/rails runner ../extension/spec/support/#{file}
    BASH
    env = { SolidusHolidayReady::SECRET_ENV => StoreHelpers::SECRET, 'EXTENSION_SPEC_SIGNING_SECRET' => StoreHelpers::SECRET,
            'SANDBOX_INSTANCE' => nil, 'SANDBOX_STORE' => nil, 'SANDBOX_DB' => nil }
    out, err, status = Open3.capture3(env, 'bash', '-c', script, chdir: sandbox)
    expect(status).to be_success, err
    JSON.parse(out.lines.last)
  end

  it 'ignores a correctly signed clock header' do
    answer = probe('production_probe.rb')
    expect(answer).to eq('store' => 'production', 'secret_in_environment' => false, 'status' => 422,
                         'status_code' => 'coupon_code_not_found', 'clock' => nil, 'ignored' => 'not-configured')
  end

  it 'lists its promotions to its admin key, page by page, without a write' do
    answer = probe('inventory_probe.rb')
    expect(answer).to include('store' => 'production', 'engine' => 'legacy', 'url' => '127.0.0.1:3001',
                              'writes' => [], 'tables_unchanged' => true)
    expect(answer['statuses']).to all(eq(200))
    expect(answer['promotions']).to include('Free Shipping on All Orders over $85', 'Black Friday 50% off', 'Outerwear 20% off',
                                            '$10 off orders over $100', 'Last call 30% off') # the last one in production only
  end
end
