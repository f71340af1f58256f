# frozen_string_literal: true

# Holds each coupon request inside the store, after the middleware has set its moment and before
# Solidus decides, until both requests of the concurrency example are there: with one clock shared
# between threads, the second request's moment would be the one both decide with.
module HoldCouponRequests
  class << self
    attr_accessor :barrier
  end

  def apply
    barrier = HoldCouponRequests.barrier
    raise 'the other request never arrived' if barrier && !barrier.wait(20)

    super
  end
end

# The signed clock through the store's API, as the harness uses it: a guest cart, a coupon code,
# an automatic promotion, each with a window that starts tomorrow.
RSpec.describe 'Holiday-Ready-At on the store', type: :request do
  let(:tomorrow) { 1.day.from_now.change(usec: 0) }
  let(:window) { tomorrow..(tomorrow + 2.days) }
  let(:inside) { tomorrow + 1.hour }

  around { |example| with_clock_secret { example.run } }

  # Everything the store logs while the block runs.
  def logged
    io = StringIO.new
    logger = ActiveSupport::Logger.new(io)
    Rails.logger.broadcast_to(logger)
    yield
    io.string
  ensure
    Rails.logger.stop_broadcasting_to(logger)
  end

  describe 'a coupon code whose window starts tomorrow' do
    let(:code) { unique_code('EARLY') }
    let!(:promotion) { create_promotion(window:, code:) }

    it 'applies with a signed moment inside its window and says which moment it used' do
      cart = create_cart
      response = apply_code(cart, code, headers: clock_headers(inside))
      expect(JSON.parse(response.body)).to include('success' => 'The coupon code was successfully applied to your order.',
                                                   'status_code' => 'coupon_code_applied')
      expect(response.status).to eq(200)
      expect(response.headers['Holiday-Ready-Clock']).to eq(inside.in_time_zone('America/New_York').iso8601)
      expect(response.headers['Holiday-Ready-Clock-Ignored']).to be_nil
      expect(promotion_labels(cart)).to eq(["Promotion (#{promotion.name})"])
    end

    it 'is unknown without the clock, and one minute before its window' do
      cart = create_cart
      response = apply_code(cart, code)
      expect([response.status, JSON.parse(response.body)['status_code']]).to eq([422, 'coupon_code_not_found'])
      expect(response.headers['Holiday-Ready-Clock']).to be_nil

      before = apply_code(cart, code, headers: clock_headers(tomorrow - 1.minute))
      expect([before.status, JSON.parse(before.body)['status_code']]).to eq([422, 'coupon_code_not_found'])
      expect(before.headers['Holiday-Ready-Clock']).to eq((tomorrow - 1.minute).in_time_zone('America/New_York').iso8601)
      expect(promotion_labels(cart)).to be_empty
    end

    it 'is expired at a moment after its window' do
      response = apply_code(create_cart, code, headers: clock_headers(window.end + 1.minute))
      expect([response.status, JSON.parse(response.body)['status_code']]).to eq([422, 'coupon_code_expired'])
    end
  end

  describe 'an automatic promotion whose window starts tomorrow' do
    let!(:promotion) { create_promotion(window:) }

    it 'applies to a cart built at a signed moment inside its window, and not to one built now' do
      at_moment = create_cart(headers: clock_headers(inside))
      now = create_cart
      expect(promotion_labels(at_moment)).to include("Promotion (#{promotion.name})")
      expect(promotion_labels(now)).not_to include("Promotion (#{promotion.name})")
    end
  end

  describe 'a header the store must ignore' do
    let(:code) { unique_code('IGNORED') }
    let!(:promotion) { create_promotion(window:, code:) }

    {
      'unsigned' => ->(h) { h.except('Holiday-Ready-Signature') },
      'bad-signature' => ->(h) { h.merge('Holiday-Ready-Signature' => h['Holiday-Ready-Signature'].sub(/.\z/) { |c| c == '0' ? '1' : '0' }) },
      'malformed-signature' => ->(h) { h.merge('Holiday-Ready-Signature' => 'sha256=deadbeef') }
    }.each do |reason, mangle|
      it "runs a #{reason} request on the real clock, says why and logs it without the signature" do
        headers = mangle.call(clock_headers(inside))
        response = nil
        log = logged { response = apply_code(create_cart, code, headers:) }
        expect([response.status, JSON.parse(response.body)['status_code']]).to eq([422, 'coupon_code_not_found'])
        expect(response.headers['Holiday-Ready-Clock']).to be_nil
        expect(response.headers['Holiday-Ready-Clock-Ignored']).to eq(reason)
        expect(log).to include("Holiday-Ready-At ignored (#{reason})")
        signature = headers['Holiday-Ready-Signature'].to_s.split('v1=').last
        expect(log).not_to include(signature) if signature
        expect(log).not_to include(StoreHelpers::SECRET)
      end
    end

    it 'runs a request signed with another secret on the real clock' do
      response = apply_code(create_cart, code, headers: clock_headers(inside, secret: "another-secret-#{SecureRandom.hex(16)}"))
      expect([response.status, response.headers['Holiday-Ready-Clock-Ignored']]).to eq([422, 'bad-signature'])
    end

    it 'runs a request signed more than five minutes ago on the real clock (a captured header stops working)' do
      response = apply_code(create_cart, code, headers: clock_headers(inside, signed_at: 6.minutes.ago.to_i))
      expect([response.status, response.headers['Holiday-Ready-Clock-Ignored']]).to eq([422, 'stale'])
    end

    it 'runs a correctly signed request on the real clock when the store has no secret' do
      headers = clock_headers(inside)
      response = nil
      log = with_clock_secret(nil) { logged { response = apply_code(create_cart, code, headers:) } }
      expect([response.status, JSON.parse(response.body)['status_code']]).to eq([422, 'coupon_code_not_found'])
      expect(response.headers['Holiday-Ready-Clock']).to be_nil
      expect(response.headers['Holiday-Ready-Clock-Ignored']).to eq('not-configured')
      expect(log).to include('Holiday-Ready-At ignored (not-configured)')
    end

    it 'answers a malformed moment with the page, never an error' do
      at = 'next friday'
      headers = { 'Holiday-Ready-At' => at, 'Holiday-Ready-Signature' => SolidusHolidayReady::Signature.sign(at, secret: StoreHelpers::SECRET, signed_at: Time.now.to_i) }
      response = store_request(:get, '/up', headers:)
      expect([response.status, response.headers['Holiday-Ready-Clock-Ignored']]).to eq([200, 'bad-moment'])
    end
  end

  describe 'two requests at different moments at the same time' do
    before(:all) { Spree::PromotionHandler::Coupon.prepend(HoldCouponRequests) }

    let(:code) { unique_code('PARALLEL') }
    let!(:promotion) { create_promotion(window:, code:) }

    it 'each see their own moment' do
      carts = [create_cart, create_cart]
      moments = [inside, tomorrow - 1.hour]
      HoldCouponRequests.barrier = Concurrent::CyclicBarrier.new(2)
      responses = carts.zip(moments).map do |cart, moment|
        Thread.new { apply_code(cart, code, headers: clock_headers(moment)) }
      end.map(&:value)

      expect(responses.map { |r| JSON.parse(r.body)['status_code'] }).to eq(%w[coupon_code_applied coupon_code_not_found])
      expect(responses.map { |r| r.headers['Holiday-Ready-Clock'] }).to eq(moments.map { |m| m.in_time_zone('America/New_York').iso8601 })
      expect(promotion_labels(carts[0])).to eq(["Promotion (#{promotion.name})"])
      expect(promotion_labels(carts[1])).to be_empty
    ensure
      HoldCouponRequests.barrier = nil
    end
  end

  it 'writes real timestamps to the database while answering at another moment' do
    code = unique_code('STAMP')
    create_promotion(window: (1.year.from_now)..(1.year.from_now + 1.day), code:)
    started = Time.now.utc - 1
    cart = create_cart
    response = apply_code(cart, code, headers: clock_headers(1.year.from_now + 1.hour))
    finished = Time.now.utc + 1
    expect(response.status).to eq(200)

    order = Spree::Order.find_by!(number: cart[:number])
    stamps = [order, *order.line_items, *order.all_adjustments, *order.order_promotions].flat_map { |r| [r.created_at, r.updated_at] }
    expect(order.all_adjustments.promotion.count).to eq(1)
    expect(stamps).to all(be_between(started, finished))
  end
end
