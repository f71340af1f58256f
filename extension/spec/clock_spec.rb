# frozen_string_literal: true

# The clock at the level of Solidus's models: each reader that decides by date, with and without a
# moment. (spec/requests/ shows the same through the store's API.)
RSpec.describe SolidusHolidayReady::Clock do
  let(:tomorrow) { 1.day.from_now.change(usec: 0) }
  let(:inside) { tomorrow + 1.hour }
  let(:window) { tomorrow..(tomorrow + 2.days) }

  describe 'legacy promotions' do
    let!(:promotion) { create_promotion(window:, code: unique_code('MODEL')) }

    it 'answers started?, expired?, active? and their negations at the moment' do
      expect([promotion.started?, promotion.not_started?, promotion.active?, promotion.inactive?]).to eq([false, true, false, true])
      described_class.at(inside) do
        expect([promotion.started?, promotion.not_started?, promotion.active?, promotion.inactive?]).to eq([true, false, true, false])
        expect([promotion.expired?, promotion.not_expired?]).to eq([false, true])
      end
      described_class.at(window.end + 1.minute) do
        expect([promotion.expired?, promotion.not_expired?, promotion.active?]).to eq([true, false, false])
      end
    end

    it 'selects the promotion in the active scope at the moment only, whatever it is chained to' do
      expect(Spree::Promotion.active).not_to include(promotion)
      described_class.at(inside) do
        expect(Spree::Promotion.active).to include(promotion)
        expect(Spree::Promotion.where(id: promotion.id).active.to_a).to eq([promotion])
        expect(Spree::Promotion.all.active.joins(:promotion_actions).where(id: promotion.id)).to exist
      end
      described_class.at(tomorrow - 1.minute) { expect(Spree::Promotion.active).not_to include(promotion) }
    end

    it 'keeps the window strict at its edges, as Solidus does' do
      described_class.at(tomorrow) { expect(promotion.started?).to be(false) }
      described_class.at(tomorrow + 1.second) { expect(promotion.started?).to be(true) }
    end

    it 'runs the rules at the moment (a rule that reads the clock sees it)' do
      seen = nil
      rule = Spree::Promotion::Rules::ItemTotal.new(preferred_amount: 0, preferred_operator: 'gte')
      rule.define_singleton_method(:eligible?) { |*| (seen = Time.current) && true }
      allow(promotion).to receive(:rules).and_return([rule])
      described_class.at(inside) { promotion.eligible_rules(Spree::Order.new) }
      expect(seen).to eq(inside)
    end
  end

  describe 'tax rates with a validity window' do
    let!(:rate) do
      Spree::TaxRate.create!(name: "Spec holiday tax #{SecureRandom.hex(3)}", amount: 0.01, zone: Spree::Zone.first,
                             tax_categories: [Spree::TaxCategory.first], starts_at: window.begin, expires_at: window.end,
                             calculator: Spree::Calculator::DefaultTax.new)
    end

    it 'answers active? and the active scope at the moment' do
      expect(rate.active?).to be(false)
      expect(Spree::TaxRate.active).not_to include(rate)
      described_class.at(inside) do
        expect(rate.active?).to be(true)
        expect(Spree::TaxRate.active).to include(rate)
      end
    end
  end

  it 'leaves the clock alone outside the decisions, even within a request at a moment' do
    described_class.at(1.year.from_now) do
      expect(Time.current).to be_within(5.seconds).of(Time.now)
      expect(Date.current).to eq(Time.now.in_time_zone.to_date)
    end
  end

  it 'shows the moment to Time.current, Time.zone.now, Date.current and 1.day.ago inside a decision' do
    moment = Time.utc(2026, 11, 27, 5, 1)
    readings = described_class.at(moment) do
      described_class.deciding { [Time.current, Time.zone.now, Date.current, 1.day.ago, Time.now] }
    end
    expect(readings[0..3]).to eq([moment, moment, Date.new(2026, 11, 27), moment - 1.day])
    expect(readings[4]).to be_within(5.seconds).of(Time.now) # Time.now (created_at, updated_at) stays real
  end

  it 'clears the moment after the request, also when it raises' do
    expect { described_class.at(Time.utc(2026, 11, 27)) { raise 'boom' } }.to raise_error('boom')
    expect(described_class.moment).to be_nil
  end
end
