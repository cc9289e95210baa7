export const ROLES = ['admin', 'accountant', 'reception', 'physician', 'lab-manager'] as const;
export type Role = (typeof ROLES)[number];
