# Be sure to restart your server when you modify this file.

# Version of your assets, change this if you want to expire all your assets.
Rails.application.config.assets.version = "1.0"

# Add additional assets to the asset load path.
# Rails.application.config.assets.paths << Emoji.images_path

# Precompile additional assets.
# application.js, application.css, and all non-JS/CSS in the app/assets
# folder are already added.
# Rails.application.config.assets.precompile += %w[ admin.js admin.css ]

# The classic store (Gemfile.classic): solidus_frontend compiles its Sass with sassc-rails, and
# sprockets would then also compile the admin stylesheet solidus_legacy_promotions links for
# solidus_backend, which this store does not have (`File to import not found: spree/backend/…`).
# The storefront's own assets are found by name.
if defined?(Spree::Frontend::Engine)
  Rails.application.config.assets.precompile.delete("solidus_legacy_promotions/manifest.js")
  Rails.application.config.assets.check_precompiled_asset = false
end
