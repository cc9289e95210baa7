import { PaymentMethod, PaymentStatus, WORK_ORDER_SORT_FIELDS } from '@dental/contracts';

// How the exports name codes, in the words of the screen.
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  bank_transfer: 'Bank transfer',
  check: 'Check',
  other: 'Other',
};

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  unpaid: 'Unpaid',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  overpaid: 'Overpaid',
};

export const SORT_FIELD_LABELS: Record<(typeof WORK_ORDER_SORT_FIELDS)[number], string> = {
  number: 'Work order #',
  labName: 'Dental lab',
  paymentMethod: 'Payment method',
  paidAmount: 'Paid',
  totalAmount: 'Total',
  outstandingAmount: 'Outstanding',
  paymentStatus: 'Status',
  documentedDate: 'Documented date',
};
