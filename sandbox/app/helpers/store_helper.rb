# frozen_string_literal: true

# View helpers for the customer-facing shop (app/views/store).
module StoreHelper
  SUMMARY_ROW = Struct.new(:label, :amount, :kind)

  # Top-level categories (children of each taxonomy's root), for the header navigation.
  def shop_taxons
    @shop_taxons ||= Spree::Taxon.where(depth: 1).order(:lft).to_a
  end

  def shop_money(amount, currency = Spree::Config.currency)
    Spree::Money.new(amount || 0, currency:).to_s
  end

  def cart_item_count
    current_order&.item_count.to_i
  end

  # The price the customer pays for a variant under the current pricing options.
  def variant_price(variant)
    variant.price_for_options(current_pricing_options)&.money&.to_s
  end

  def product_price(product)
    variant_price(product.master) || variant_price(product.variants.first)
  end

  # Products with variants are sold by variant, others by their master.
  def product_sold_out?(product)
    sellable = product.has_variants? ? product.variants : [product.master]
    sellable.none? { |variant| variant.can_supply?(1) }
  end

  def product_initials(name)
    name.to_s.scan(/[A-Za-z0-9]+/).first(2).map { |word| word[0] }.join.upcase
  end

  # A stable hue per product for the CSS placeholder image.
  def product_hue(name)
    Zlib.crc32(name.to_s) % 360
  end

  def product_placeholder(product, size: nil)
    tag.div(class: ["product-thumb", size && "product-thumb--#{size}"], style: "--hue: #{product_hue(product.name)}",
            aria: { hidden: true }) do
      tag.span(product_initials(product.name))
    end
  end

  def variant_options_text(variant)
    variant.is_master? ? "" : variant.options_text
  end

  # Rows of the order summary: subtotal, one row per eligible promotion (summed by adjustment label
  # over line items, shipments and the order), shipping once shipments exist, tax and total.
  def order_summary_rows(order)
    currency = order.currency
    rows = [SUMMARY_ROW.new(t("store.summary.subtotal"), shop_money(order.item_total, currency), "subtotal")]

    order.all_adjustments.promotion.eligible.order(:id).to_a.group_by(&:label).each do |label, adjustments|
      amount = adjustments.sum(&:amount)
      rows << SUMMARY_ROW.new(label, shop_money(amount, currency), "promotion") unless amount.zero?
    end

    if order.shipments.any?
      rows << SUMMARY_ROW.new(t("store.summary.shipping"), shop_money(order.shipment_total, currency), "shipping")
    end
    rows << SUMMARY_ROW.new(t("store.summary.tax"), shop_money(order.additional_tax_total, currency), "tax")
    unless order.included_tax_total.zero?
      rows << SUMMARY_ROW.new(t("store.summary.included_tax"), shop_money(order.included_tax_total, currency),
                              "included-tax")
    end
    rows
  end

  def checkout_step_title(step)
    t("store.checkout.steps.#{step}", default: step.to_s.humanize)
  end

  def flash_kind(type)
    %w[error alert].include?(type.to_s) ? "error" : "success"
  end
end
