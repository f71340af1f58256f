# frozen_string_literal: true

# The promotions store (Gemfile.promotions): solidus_promotions keeps its tables in the gem's own
# migrations; db/schema.rb is the staging store's. bin/setup promotions runs this after
# db:schema:load, so the tracked schema is never rewritten.
namespace :sandbox do
  desc "Create solidus_promotions' tables (promotions store only)"
  task promotion_engine_tables: :environment do
    abort "sandbox:promotion_engine_tables: this bundle has no solidus_promotions (BUNDLE_GEMFILE=Gemfile.promotions)" unless defined?(SolidusPromotions::Engine)
    pool = ActiveRecord::Base.connection_pool
    ActiveRecord::MigrationContext.new(SolidusPromotions::Engine.root.join("db/migrate").to_s,
                                       pool.schema_migration, pool.internal_metadata).migrate
  end
end
