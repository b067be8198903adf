-- the CREATE statements of a database written by freqtrade 2026.9
CREATE TABLE "KeyValueStore" (
	id INTEGER NOT NULL, 
	"key" VARCHAR(50) NOT NULL, 
	value_type VARCHAR(20) NOT NULL, 
	string_value VARCHAR(255), 
	datetime_value DATETIME, 
	float_value DOUBLE, 
	int_value INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE orders (
	id INTEGER NOT NULL, 
	ft_trade_id INTEGER NOT NULL, 
	ft_order_side VARCHAR(25) NOT NULL, 
	ft_pair VARCHAR(25) NOT NULL, 
	ft_is_open BOOLEAN NOT NULL, 
	ft_amount FLOAT NOT NULL, 
	ft_price FLOAT NOT NULL, 
	ft_cancel_reason VARCHAR(255), 
	order_id VARCHAR(255) NOT NULL, 
	status VARCHAR(255), 
	symbol VARCHAR(25), 
	order_type VARCHAR(50), 
	side VARCHAR(25), 
	price FLOAT, 
	average FLOAT, 
	amount FLOAT, 
	filled FLOAT, 
	remaining FLOAT, 
	cost FLOAT, 
	stop_price FLOAT, 
	order_date DATETIME, 
	order_filled_date DATETIME, 
	order_update_date DATETIME, 
	funding_fee FLOAT, 
	ft_fee_base FLOAT, 
	ft_order_tag VARCHAR(255), 
	PRIMARY KEY (id), 
	CONSTRAINT _order_pair_order_id UNIQUE (ft_pair, order_id), 
	FOREIGN KEY(ft_trade_id) REFERENCES trades (id)
);
CREATE TABLE pairlocks (
	id INTEGER NOT NULL, 
	pair VARCHAR(25) NOT NULL, 
	side VARCHAR(25) NOT NULL, 
	reason VARCHAR(255), 
	lock_time DATETIME NOT NULL, 
	lock_end_time DATETIME NOT NULL, 
	active BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE trade_custom_data (
	id INTEGER NOT NULL, 
	ft_trade_id INTEGER, 
	cd_key VARCHAR(255) NOT NULL, 
	cd_type VARCHAR(25) NOT NULL, 
	cd_value TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT _trade_id_cd_key UNIQUE (ft_trade_id, cd_key), 
	FOREIGN KEY(ft_trade_id) REFERENCES trades (id)
);
CREATE TABLE trades (
	id INTEGER NOT NULL, 
	exchange VARCHAR(25) NOT NULL, 
	pair VARCHAR(25) NOT NULL, 
	base_currency VARCHAR(25), 
	stake_currency VARCHAR(25), 
	is_open BOOLEAN NOT NULL, 
	fee_open FLOAT NOT NULL, 
	fee_open_cost FLOAT, 
	fee_open_currency VARCHAR(25), 
	fee_close FLOAT NOT NULL, 
	fee_close_cost FLOAT, 
	fee_close_currency VARCHAR(25), 
	open_rate FLOAT NOT NULL, 
	open_rate_requested FLOAT, 
	open_trade_value FLOAT, 
	close_rate FLOAT, 
	close_rate_requested FLOAT, 
	realized_profit FLOAT, 
	close_profit FLOAT, 
	close_profit_abs FLOAT, 
	stake_amount FLOAT NOT NULL, 
	max_stake_amount FLOAT, 
	amount FLOAT NOT NULL, 
	amount_requested FLOAT, 
	open_date DATETIME NOT NULL, 
	close_date DATETIME, 
	stop_loss FLOAT, 
	stop_loss_pct FLOAT, 
	initial_stop_loss FLOAT, 
	initial_stop_loss_pct FLOAT, 
	is_stop_loss_trailing BOOLEAN NOT NULL, 
	max_rate FLOAT, 
	min_rate FLOAT, 
	exit_reason VARCHAR(255), 
	exit_order_status VARCHAR(100), 
	strategy VARCHAR(100), 
	enter_tag VARCHAR(255), 
	timeframe INTEGER, 
	trading_mode VARCHAR(7), 
	amount_precision FLOAT, 
	price_precision FLOAT, 
	precision_mode INTEGER, 
	precision_mode_price INTEGER, 
	contract_size FLOAT, 
	leverage FLOAT, 
	is_short BOOLEAN NOT NULL, 
	liquidation_price FLOAT, 
	interest_rate FLOAT NOT NULL, 
	funding_fees FLOAT, 
	funding_fee_running FLOAT, 
	record_version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE wallet_history (
	id INTEGER NOT NULL, 
	timestamp DATETIME NOT NULL, 
	currency VARCHAR(25) NOT NULL, 
	rate FLOAT, 
	quote_currency VARCHAR(25) NOT NULL, 
	balance FLOAT NOT NULL, 
	total_quote FLOAT, 
	total_position_value FLOAT, 
	collateral FLOAT, 
	leverage FLOAT NOT NULL, 
	bot_managed BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT unique_wallet_daily UNIQUE (timestamp, currency)
);
CREATE INDEX "ix_KeyValueStore_key" ON "KeyValueStore" ("key");
CREATE INDEX ix_orders_ft_is_open ON orders (ft_is_open);
CREATE INDEX ix_orders_ft_trade_id ON orders (ft_trade_id);
CREATE INDEX ix_orders_order_id ON orders (order_id);
CREATE INDEX ix_pairlocks_active ON pairlocks (active);
CREATE INDEX ix_pairlocks_lock_end_time ON pairlocks (lock_end_time);
CREATE INDEX ix_pairlocks_pair ON pairlocks (pair);
CREATE INDEX ix_trade_custom_data_ft_trade_id ON trade_custom_data (ft_trade_id);
CREATE INDEX ix_trades_is_open ON trades (is_open);
CREATE INDEX ix_trades_pair ON trades (pair);
CREATE INDEX ix_wallet_history_timestamp ON wallet_history (timestamp);
