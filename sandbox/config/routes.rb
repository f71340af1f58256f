Rails.application.routes.draw do
  get "up" => "rails/health#show", as: :rails_health_check

  # Sandbox housekeeping, loopback only: sandbox/bin/reset calls this after restoring the database.
  post "__sandbox/cache" => "sandbox#clear_cache"

  # Customer-facing shop (app/controllers/store): guests only, follows solidus_starter_frontend's flow.
  # The classic store (Gemfile.classic, sandbox/bin/serve classic) runs Solidus's solidus_frontend
  # engine instead, whose routes (/, /products/:id, /cart, /checkout/...) come with Spree::Core::Engine.
  scope module: :store do
    root "products#index"
    get "t/*id", to: "products#index", as: :taxon, format: false
    get "products", to: redirect("/")
    resources :products, only: :show
    get "cart", to: "carts#show", as: :cart
    patch "cart", to: "carts#update"
    post "cart/line_items", to: "cart_line_items#create", as: :cart_line_items
    delete "cart/line_items/:id", to: "cart_line_items#destroy", as: :cart_line_item
    post "cart/coupon_codes", to: "coupon_codes#create", as: :cart_coupon_codes
    get "checkout", to: "checkouts#edit", as: :checkout
    get "checkout/:state", to: "checkouts#edit", as: :checkout_state
    patch "checkout/:state", to: "checkouts#update"
    resources :orders, only: :show
  end unless defined?(Spree::Frontend::Engine)

  # Solidus: the REST API at /api (and its core routes).
  mount Spree::Core::Engine, at: "/"
end
