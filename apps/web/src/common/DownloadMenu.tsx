import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Generate Report: a button opening the file formats of exactly the view on screen, each a download link. */
export function DownloadMenu({ id, files }: { id: string; files: { format: string; href: string }[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="report-menu">
      <button
        type="button"
        className="primary"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {t('finance.generateReport')}
      </button>
      {open && (
        <ul id={id} className="menu">
          {files.map(({ format, href }) => (
            <li key={format}>
              <a href={href} download onClick={() => setOpen(false)}>
                {t('finance.reportAs', { format: format.toUpperCase() })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
