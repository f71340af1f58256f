# frozen_string_literal: true

RSpec.describe SolidusHolidayReady::Signature do
  vector = JSON.parse(File.read(File.join(__dir__, 'fixtures', 'clock-vector.json')))
  at = vector.fetch('headers').fetch('Holiday-Ready-At')
  signature = vector.fetch('headers').fetch('Holiday-Ready-Signature')
  secret = vector.fetch('secret')
  signed_at = vector.fetch('signedAt')

  def verify(at:, signature:, secret:, now:)
    described_class.verify(at:, signature:, secret:, now:)
  end

  it 'signs the shared test vector exactly as the harness does' do
    expect(described_class.sign(at, secret:, signed_at:)).to eq(signature)
  end

  it 'accepts the shared vector within five minutes of signing, as the instant it names' do
    moment = verify(at:, signature:, secret:, now: signed_at + 299)
    expect(moment).to eq(Time.iso8601(vector.dig('moment', 'instant')))
  end

  it 'rejects a signature older or newer than five minutes as stale' do
    expect(verify(at:, signature:, secret:, now: signed_at + 301).code).to eq('stale')
    expect(verify(at:, signature:, secret:, now: signed_at - 301).code).to eq('stale')
  end

  it 'rejects a signature made with another secret, or of another moment' do
    forged = described_class.sign(at, secret: 'x' * 40, signed_at:)
    expect(verify(at:, signature: forged, secret:, now: signed_at).code).to eq('bad-signature')
    expect(verify(at: '2026-11-28T00:01:00-05:00', signature:, secret:, now: signed_at).code).to eq('bad-signature')
  end

  it 'rejects a moment resigned with a later time of signing without the secret' do
    tampered = signature.sub("t=#{signed_at}", "t=#{signed_at + 600}")
    expect(verify(at:, signature: tampered, secret:, now: signed_at + 600).code).to eq('bad-signature')
  end

  it 'ignores everything while no secret, or a short one, is configured' do
    expect(verify(at:, signature:, secret: nil, now: signed_at).code).to eq('not-configured')
    expect(verify(at:, signature:, secret: '', now: signed_at).code).to eq('not-configured')
    short = 'a' * 31
    expect(verify(at:, signature: described_class.sign(at, secret: short, signed_at:), secret: short, now: signed_at).code).to eq('weak-secret')
  end

  it 'rejects a missing or malformed signature' do
    expect(verify(at:, signature: nil, secret:, now: signed_at).code).to eq('unsigned')
    expect(verify(at:, signature: 'v1=abc', secret:, now: signed_at).code).to eq('malformed-signature')
    expect(verify(at:, signature: "#{signature},v1=#{'0' * 64}", secret:, now: signed_at).code).to eq('malformed-signature')
  end

  it 'rejects a well-signed moment that has no offset or is not a time' do
    ['2026-11-27T00:01:00', 'tomorrow', '2026-13-45T00:01:00Z'].each do |bad|
      signed = described_class.sign(bad, secret:, signed_at:)
      expect(verify(at: bad, signature: signed, secret:, now: signed_at).code).to eq('bad-moment'), bad
    end
  end

  it 'never puts the secret or the signature into a rejection' do
    rejections = [
      verify(at:, signature:, secret:, now: signed_at + 1000),
      verify(at:, signature: signature.sub(/.\z/, '0'), secret:, now: signed_at)
    ]
    rejections.each do |rejection|
      expect(rejection.detail).not_to include(secret)
      expect(rejection.detail).not_to include(signature.split('v1=').last)
    end
  end
end
