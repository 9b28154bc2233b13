import { type Theme, useUiStore } from '../../stores/uiStore';

const THEMES: Array<{ value: Theme; label: string }> = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The colour scheme, kept in this browser. */
export function ThemeSection() {
  const { theme, setTheme } = useUiStore();
  return (
    <section className="card" aria-labelledby="theme-title">
      <h2 id="theme-title">Theme</h2>
      <fieldset className="radio-group">
        <legend>Colour scheme</legend>
        {THEMES.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => setTheme(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
