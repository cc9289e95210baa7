-- docker-compose: one database per service, created on the volume's first start (as POSTGRES_USER, who owns them).
-- Keep in step with deploy/infra/postgres-dev/postgres.yaml; npm test checks both against
-- libs/contracts/src/services.ts.
CREATE DATABASE dental_gateway;
CREATE DATABASE dental_patient_accounts;
CREATE DATABASE dental_work_orders;
CREATE DATABASE dental_payments;
CREATE DATABASE dental_reporting;
CREATE DATABASE dental_notifications;
