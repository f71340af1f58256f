# frozen_string_literal: true

# SQLite under several Puma threads, the way Rails 8 does it (Rails 7.2 does not yet):
# - transactions begin IMMEDIATE, so two requests never both read and then both try to write
#   (a deferred transaction that upgrades to a write gets SQLITE_BUSY at once, whatever the timeout);
# - waiting for the write lock releases Ruby's GVL (busy_handler_timeout), so the thread holding the
#   lock can finish instead of the waiter blocking the whole process until the timeout.
ActiveSupport.on_load(:active_record_sqlite3adapter) do
  mod = Module.new do
    def begin_db_transaction
      log("begin immediate transaction", "TRANSACTION") do
        with_raw_connection(allow_retry: true, materialize_transactions: false) do |conn|
          result = conn.transaction(:immediate)
          verified!
          result
        end
      end
    end

    def configure_connection
      super
      timeout = self.class.type_cast_config_to_integer(@config[:timeout] || 5000)
      @raw_connection.busy_handler_timeout = timeout if @raw_connection.respond_to?(:busy_handler_timeout=)
    end
  end
  prepend mod
end
