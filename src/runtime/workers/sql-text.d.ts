// A *.sql import is the file's text: wrangler.toml's Text rule and the tests' esbuild loader both make it so.
declare module "*.sql" {
  const text: string;
  export default text;
}
