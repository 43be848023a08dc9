// Vite's ?raw imports: the sample profiles as text.
declare module "*?raw" {
  const text: string;
  export default text;
}
