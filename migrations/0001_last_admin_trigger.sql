-- There is always at least one active admin (SPEC §5): the database itself refuses to demote,
-- deactivate or delete the last one, whatever code path tries.
CREATE TRIGGER staff_keep_last_admin_update
BEFORE UPDATE OF role, active ON staff
WHEN OLD.role = 'admin' AND OLD.active = 1 AND (NEW.role != 'admin' OR NEW.active = 0)
  AND NOT EXISTS (SELECT 1 FROM staff WHERE role = 'admin' AND active = 1 AND id != OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'LAST_ADMIN');
END;
--> statement-breakpoint
CREATE TRIGGER staff_keep_last_admin_delete
BEFORE DELETE ON staff
WHEN OLD.role = 'admin' AND OLD.active = 1
  AND NOT EXISTS (SELECT 1 FROM staff WHERE role = 'admin' AND active = 1 AND id != OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'LAST_ADMIN');
END;
