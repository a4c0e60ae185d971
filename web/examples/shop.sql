-- A small shop: customers and their orders. Used by the example blog post (blog.html).
CREATE TABLE customers (
  id    bigint PRIMARY KEY,
  name  text   NOT NULL,
  city  text   NOT NULL
);
CREATE TABLE orders (
  id          bigint        PRIMARY KEY,
  customer_id bigint        NOT NULL REFERENCES customers (id),
  total       numeric(10,2) NOT NULL CHECK (total >= 0),
  placed_at   timestamptz   NOT NULL
);
INSERT INTO customers (id, name, city) VALUES
  (1, 'Ada', 'London'), (2, 'Grace', 'New York'), (3, 'Linus', 'Helsinki'), (4, 'Margaret', 'Boston');
INSERT INTO orders (id, customer_id, total, placed_at) VALUES
  (1, 1,  25.00, '2026-03-01 10:00+00'),
  (2, 1, 140.50, '2026-03-04 16:30+00'),
  (3, 2,  12.99, '2026-03-02 09:15+00'),
  (4, 3,  80.00, '2026-03-05 12:00+00'),
  (5, 3,  80.00, '2026-03-06 12:00+00'),
  (6, 1,   9.90, '2026-03-07 08:45+00');
