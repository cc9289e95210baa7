// The one list of services: names, HTTP ports, health paths and databases. Launch scripts, tests and the
// Kubernetes manifests' validation read it, so a port or path cannot drift between code and deploy/.
export const SERVICE_NAMES = [
  'gateway',
  'patient-accounts',
  'work-orders',
  'payments',
  'reporting',
  'notifications',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceDescriptor {
  name: ServiceName;
  /** HTTP port: health, metrics and (gateway only) the public API. */
  port: number;
  /** Its own PostgreSQL database. */
  database: string;
  /** JetStream stream it owns (events it publishes), if any. */
  stream?: string;
}

export const SERVICES: Record<ServiceName, ServiceDescriptor> = {
  gateway: { name: 'gateway', port: 3000, database: 'dental_gateway' },
  'patient-accounts': {
    name: 'patient-accounts',
    port: 3001,
    database: 'dental_patient_accounts',
    stream: 'PATIENT_ACCOUNTS',
  },
  'work-orders': { name: 'work-orders', port: 3002, database: 'dental_work_orders', stream: 'WORK_ORDERS' },
  payments: { name: 'payments', port: 3003, database: 'dental_payments', stream: 'PAYMENTS' },
  reporting: { name: 'reporting', port: 3004, database: 'dental_reporting' },
  notifications: { name: 'notifications', port: 3005, database: 'dental_notifications', stream: 'NOTIFICATIONS' },
};

export const HEALTH_PATHS = { live: '/health/live', ready: '/health/ready' } as const;
export const METRICS_PATH = '/metrics';

/** Route metadata: no token needed (health, metrics, login). Set by platform and auth, read by the gateway's guard. */
export const PUBLIC_ROUTE = 'dental:public-route';
