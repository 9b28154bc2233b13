import { create } from 'zustand';

/** The colour scheme. */
export type Theme = 'light' | 'dark';

/** A message shown for a while in the notification area. */
export interface Notification {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

export interface UiState {
  theme: Theme;
  /** Whether the sidebar is shown on narrow screens (it always is on wide ones). */
  sidebarOpen: boolean;
  notifications: Notification[];
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  toggleSidebar(open?: boolean): void;
  notify(kind: Notification['kind'], text: string): void;
  dismiss(id: number): void;
}

const THEME_KEY = 'truss-theme';

function initialTheme(): Theme {
  const saved = window.localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

let nextId = 1;

export const useUiStore = create<UiState>()((set, get) => ({
  theme: initialTheme(),
  sidebarOpen: false,
  notifications: [],
  setTheme(theme) {
    window.localStorage.setItem(THEME_KEY, theme);
    applyTheme(theme);
    set({ theme });
  },
  toggleTheme() {
    get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
  },
  toggleSidebar(open) {
    set({ sidebarOpen: open ?? !get().sidebarOpen });
  },
  notify(kind, text) {
    const id = nextId++;
    set({ notifications: [...get().notifications, { id, kind, text }] });
    window.setTimeout(() => get().dismiss(id), 8000);
  },
  dismiss(id) {
    set({ notifications: get().notifications.filter((n) => n.id !== id) });
  },
}));

applyTheme(useUiStore.getState().theme);
