# frozen_string_literal: true

# SQLite under several Puma workers and threads.
#
# 1. Transactions begin IMMEDIATE, the way Rails 8 does it (Rails 7.2 does not yet): a deferred
#    transaction that has read and then tries to write gets SQLITE_BUSY at once, whatever the
#    timeout, so two requests would fail instead of taking turns.
# 2. Waiting for the write lock releases Ruby's GVL (busy_handler_timeout), so the thread holding
#    the lock can finish instead of the waiter blocking the whole process until the timeout.
# 3. A transaction takes the write lock at its first write, not at its first query. Rails already
#    sends BEGIN lazily (at the first query of a transaction); here a read does not count, so the
#    reads a transaction starts with run as plain autocommit reads of committed data, and BEGIN
#    IMMEDIATE goes out right before the first INSERT/UPDATE/DELETE. Transactions that only read
#    never lock at all. This is READ COMMITTED until the first write, then serialised: what
#    PostgreSQL's default isolation gives Solidus, and much less than Solidus is used to.
#    Without it every checkout step holds the store's only write lock while Solidus loads the
#    order and computes promotions, and two requests for two different orders cannot overlap.
#    Explicit row locks (`lock!`, `with_lock`, `.lock`) still take the write lock at once, since
#    SQLite has no SELECT ... FOR UPDATE and that is what those callers rely on.
#    Measured with the harness's API dry-run (npm run bench): see sandbox/README.md.
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

    def internal_exec_query(sql, *args, **kwargs)
      return super if @holiday_ready_reading || write_query?(sql)

      @holiday_ready_reading = true
      begin
        super
      ensure
        @holiday_ready_reading = false
      end
    end

    def with_raw_connection(allow_retry: false, materialize_transactions: true, &block)
      materialize_transactions = false if @holiday_ready_reading
      super(allow_retry: allow_retry, materialize_transactions: materialize_transactions, &block)
    end
  end
  prepend mod
end

ActiveSupport.on_load(:active_record) do
  # An explicit row lock takes SQLite's write lock now (see 3. above).
  ActiveRecord::Relation.prepend(Module.new do
    private

    def exec_main_query(...)
      if lock_value && model.connection_db_config.adapter == "sqlite3"
        model.with_connection { |c| c.materialize_transactions if c.transaction_open? }
      end
      super
    end
  end)
end
