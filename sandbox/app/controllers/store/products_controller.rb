# frozen_string_literal: true

module Store
  # Home page / taxon listing (/, /t/*permalink, /?taxon=) and product pages (/products/:slug).
  class ProductsController < BaseController
    def index
      @taxon = find_taxon(params[:id] || params[:taxon]) if (params[:id] || params[:taxon]).present?
      scope = Spree::Product.available.includes(:option_types, master: :prices, variants: :prices)
      @products = if @taxon
                    scope.in_taxon(@taxon)
                  else
                    scope.order(:id)
                  end
    end

    def show
      @product = Spree::Product.available.friendly.find(params[:id])
      @variants = @product.has_variants? ? @product.variants.includes(:option_values, :prices).to_a : [@product.master]
      @purchasable = @variants.select { |variant| variant.can_supply?(1) }
      @taxon = @product.taxons.first
    end

    private

    # "categories/outerwear", "outerwear", "Outerwear" or an id.
    def find_taxon(key)
      key = key.to_s.strip.downcase
      Spree::Taxon.where.not(parent_id: nil).find_by(permalink: key) ||
        Spree::Taxon.where.not(parent_id: nil).where("permalink LIKE ?", "%/#{Spree::Taxon.sanitize_sql_like(key)}").first ||
        Spree::Taxon.where.not(parent_id: nil).where("LOWER(name) = ?", key).first ||
        Spree::Taxon.where.not(parent_id: nil).find(key)
    end
  end
end
