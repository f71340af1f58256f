# frozen_string_literal: true

# One read-only route, beside Solidus's API wherever the store mounts Solidus (GET and HEAD only;
# any other method is not routed): the promotion inventory (SolidusHolidayReady::InventoryController).
Spree::Core::Engine.routes.draw do
  get 'api/holiday_ready/inventory', controller: '/solidus_holiday_ready/inventory', action: :show,
                                     defaults: { format: 'json' }, as: :holiday_ready_inventory
end
