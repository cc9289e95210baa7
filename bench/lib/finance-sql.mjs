// SQL the bench scripts share: the Dental Labs tab computed the naive way over source-shaped tables (the baseline),
// and the month buckets derived from finance_work_order exactly as the projection keeps them.

const uuid = (id) => {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'${id}'::uuid`;
};

/**
 * The Dental Labs tab (DOMAIN.md A) straight from the source tables: every work order joined to its lab and the sum
 * of its live payments, one GROUP BY per lab. What a system without read models would run on each page view.
 */
export function sourceLabsSql(organizationId, { from, to } = {}) {
  const org = uuid(organizationId);
  const period = (alias) =>
    [
      from ? `and ${alias}.documented_date >= date '${from}'` : '',
      to ? `and ${alias}.documented_date <= date '${to}'` : '',
    ]
      .join(' ')
      .trim();
  // with a period, only the payments of the period's work orders are summed
  const payments = period('o')
    ? `select x.work_order_id, sum(x.amount_minor) as paid from work_order_payment x
       join work_order o on o.id = x.work_order_id and o.organization_id = ${org} ${period('o')}
       where x.deleted_at is null and x.organization_id = ${org} group by x.work_order_id`
    : `select work_order_id, sum(amount_minor) as paid from work_order_payment
       where deleted_at is null and organization_id = ${org} group by work_order_id`;
  return `select l.id as lab_id, l.name as lab_name, count(*) as work_orders,
      sum(w.total_minor) as total, sum(coalesce(p.paid, 0)) as paid, sum(w.total_minor - coalesce(p.paid, 0)) as outstanding
    from work_order w
    join lab l on l.id = w.lab_id
    left join (${payments}) p on p.work_order_id = w.id
    where w.organization_id = ${org} and w.status <> 'cancelled' ${period('w')}
    group by l.id, l.name
    order by l.name`;
}

/** The bucket tables recomputed from the work-order rows of one organization (what the projection adds up). */
export function rebuildBucketsSql(organizationId) {
  const org = uuid(organizationId);
  return [
    `delete from finance_month_bucket where organization_id = ${org}`,
    `delete from finance_org_month_bucket where organization_id = ${org}`,
    `delete from finance_status_month_bucket where organization_id = ${org}`,
    `insert into finance_status_month_bucket (organization_id, month, lab_id, payment_method, cancelled, currency,
        payment_status_rank, work_order_count, total_amount, paid_amount)
      select organization_id, date_trunc('month', documented_date)::date, lab_id, payment_method, cancelled, currency,
        payment_status_rank, count(*), sum(total_amount), sum(paid_amount)
      from finance_work_order where organization_id = ${org}
      group by 1, 2, 3, 4, 5, 6, 7`,
    `insert into finance_month_bucket (organization_id, month, clinic_id, lab_id, payment_method, cancelled, currency,
        work_order_count, total_amount, paid_amount)
      select organization_id, date_trunc('month', documented_date)::date, clinic_id, lab_id, payment_method, cancelled,
        currency, count(*), sum(total_amount), sum(paid_amount)
      from finance_work_order where organization_id = ${org}
      group by 1, 2, 3, 4, 5, 6, 7`,
    `insert into finance_org_month_bucket (organization_id, month, lab_id, payment_method, cancelled, currency,
        work_order_count, total_amount, paid_amount)
      select organization_id, month, lab_id, payment_method, cancelled, currency,
        sum(work_order_count), sum(total_amount), sum(paid_amount)
      from finance_month_bucket where organization_id = ${org}
      group by 1, 2, 3, 4, 5, 6`,
  ];
}

/** The payment status rule of DOMAIN.md A as SQL over two bigint expressions. */
export const paymentStatusSql = (paid, total) =>
  `case when ${paid} > ${total} then 'overpaid' when ${paid} = ${total} then 'paid'
        when ${paid} > 0 then 'partially_paid' else 'unpaid' end`;

export { uuid as uuidLiteral };
