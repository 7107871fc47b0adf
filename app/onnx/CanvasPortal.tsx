/**
 * Renders children inside the canvas section (`.fw-canvas`, positioned), so floating panels follow the
 * canvas's size whatever the panels around it do.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/** Children placed over the canvas; nothing until the canvas exists. */
export function CanvasPortal({ children }: { children: ReactNode }) {
  const [host, setHost] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const find = () => setHost(document.querySelector<HTMLElement>('.fw-canvas'));
    find();
    if (document.querySelector('.fw-canvas')) return;
    const timer = setInterval(() => document.querySelector('.fw-canvas') && (find(), clearInterval(timer)), 100);
    return () => clearInterval(timer);
  }, []);
  return host ? createPortal(children, host) : null;
}
