/** The page footer. */
export function Footer() {
  return (
    <footer className="footer">
      <p>
        Truss reference app · the REST API lives at <code>/api/v1</code> · prices are exact decimals, computed
        by the server
      </p>
    </footer>
  );
}
