-- Orders and their lines. Amounts are integer cents; currency is per order (every line shares it).
-- The idempotency key is unique per customer, so a retry can never create a second order, even concurrently.
CREATE TABLE orders (
    order_id          text        PRIMARY KEY,
    customer_id       text        NOT NULL,
    status            text        NOT NULL DEFAULT 'CONFIRMED',
    currency          text        NOT NULL,
    total_cents       bigint      NOT NULL CHECK (total_cents >= 0),
    idempotency_key   text        NOT NULL,
    request_hash      text        NOT NULL,
    receipt_key       text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_customer_idempotency_key UNIQUE (customer_id, idempotency_key)
);

-- Keyset pagination, newest first: per customer, and across customers for admins and the sales report.
CREATE INDEX orders_customer_created ON orders (customer_id, created_at DESC, order_id DESC);
CREATE INDEX orders_created ON orders (created_at DESC, order_id DESC);

CREATE TABLE order_lines (
    order_id          text   NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
    line_no           int    NOT NULL,
    product_id        text   NOT NULL,
    name              text   NOT NULL,
    quantity          int    NOT NULL CHECK (quantity > 0),
    unit_price_cents  bigint NOT NULL CHECK (unit_price_cents >= 0),
    line_total_cents  bigint NOT NULL CHECK (line_total_cents >= 0),
    PRIMARY KEY (order_id, line_no)
);
