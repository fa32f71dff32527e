CREATE TABLE IF NOT EXISTS invoice (id BIGINT PRIMARY KEY, issued_token BIGINT);
INSERT INTO invoice (id) VALUES (1), (2), (3);
