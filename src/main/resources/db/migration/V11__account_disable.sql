-- An admin can disable an account: it can no longer log in or refresh, and its sessions end at once.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
