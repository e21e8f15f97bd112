/* Builds the Excel add-in: task pane, ribbon function file, icons and manifest into dist/.
 *
 *   npm run build                      production build, office.js from Microsoft's CDN
 *   OFFICE_JS=local npm run build      intranet build: office.js copied into dist/office-js/, no CDN
 *   ADDIN_URL=https://host/path/ ...   rewrite the manifest's https://localhost:3000/ URLs
 *   npm run dev-server                 https://localhost:3000 with the Office dev certificate
 *   npx webpack --mode development     adds harness.html (the pane with sample data, no Excel)
 */
const path = require('node:path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const pkg = require('./package.json');

const DEV_URL = 'https://localhost:3000/';
const CDN_OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_DIST = path.join(__dirname, 'node_modules', '@microsoft', 'office-js', 'dist');

/**
 * Files of @microsoft/office-js an Excel add-in loads: the loader, the Excel host scripts for every
 * platform, the Office 2013 mapping table and the per-locale string tables. Not the telemetry
 * (telemetry/, ariatelemetry/), debug builds or other hosts' scripts.
 */
function isOfficeJsFileNeeded(rel) {
  const p = rel.split(path.sep).join('/');
  if (p.endsWith('.debug.js') || !p.endsWith('.js')) return false;
  if (p === 'office.js' || p === 'o15apptofilemappingtable.js') return true;
  if (!p.includes('/')) return p.startsWith('excel');
  const [dir, file, ...rest] = p.split('/');
  return rest.length === 0 && dir !== 'telemetry' && dir !== 'ariatelemetry' && file === 'office_strings.js';
}

/** CSP for pages that run our bundle. Inline scripts are never allowed; styles are (Fluent UI injects them). */
function contentSecurityPolicy({ officeFromCdn }) {
  return [
    `default-src 'self'`,
    `script-src 'self'${officeFromCdn ? ' https://appsforoffice.microsoft.com' : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `font-src 'self' data:`,
    // 'none' breaks office.js in some hosts; 'self' still blocks every third-party endpoint.
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'none'`,
  ].join('; ');
}

async function devServerHttps() {
  try {
    const devCerts = require('office-addin-dev-certs');
    const o = await devCerts.getHttpsServerOptions();
    return { type: 'https', options: { ca: o.ca, key: o.key, cert: o.cert } };
  } catch (e) {
    console.warn(
      `\n[selfeval] 未能加载 Office 开发证书，开发服务器改用 http（Excel 需要 https，加载项将无法在 Excel 中打开）。\n` +
        `[selfeval] 先运行 npx office-addin-dev-certs install 安装证书。原因：${e && e.message ? e.message.split('\n')[0] : e}\n`,
    );
    return { type: 'http' };
  }
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || 'production';
  const dev = mode === 'development';
  const serving = Boolean(env.WEBPACK_SERVE);
  const localOffice = process.env.OFFICE_JS === 'local';
  const harness = dev || process.env.HARNESS === '1';
  const addinUrl = process.env.ADDIN_URL ? process.env.ADDIN_URL.replace(/\/?$/, '/') : null;
  if (addinUrl && !addinUrl.startsWith('https://')) {
    throw new Error(`ADDIN_URL 必须以 https:// 开头：${addinUrl}`);
  }

  const officeJs = localOffice ? 'office-js/office.js' : CDN_OFFICE_JS;
  const csp = contentSecurityPolicy({ officeFromCdn: !localOffice });
  const page = (filename, chunks, title, extra = {}) =>
    new HtmlWebpackPlugin({
      filename,
      template: './src/taskpane/taskpane.html',
      chunks,
      title,
      csp,
      officeJs,
      bootFallback: filename !== 'commands.html',
      scriptLoading: 'defer',
      minify: dev ? false : { collapseWhitespace: true, removeComments: true },
      ...extra,
    });

  const copyPatterns = [
    { from: 'assets/*.png', to: 'assets/[name][ext]' },
    {
      from: 'manifest.xml',
      to: 'manifest.xml',
      transform(content) {
        if (!addinUrl) return content;
        const origin = new URL(addinUrl).origin;
        return content
          .toString()
          .replace(/<AppDomain>https:\/\/localhost:3000<\/AppDomain>/g, `<AppDomain>${origin}</AppDomain>`)
          .split(DEV_URL)
          .join(addinUrl);
      },
    },
  ];
  if (localOffice) {
    copyPatterns.push({
      context: OFFICE_DIST,
      from: '**/*.js',
      to: 'office-js/[path][name][ext]',
      filter: (abs) => isOfficeJsFileNeeded(path.relative(OFFICE_DIST, abs)),
      // Already minified by Microsoft; without this Terser spends a minute on it.
      info: { minimized: true },
    });
  }

  const entry = {
    taskpane: './src/taskpane/index.tsx',
    commands: './src/taskpane/commands.ts',
    review: REVIEW_ENTRY,
  };
  if (harness) entry.harness = './src/taskpane/harness.tsx';

  const plugins = [
    new webpack.DefinePlugin({ __SELFEVAL_VERSION__: JSON.stringify(pkg.version) }),
    page('taskpane.html', ['taskpane'], '绩效自评校核'),
    page('commands.html', ['commands'], '绩效自评校核'),
    reviewPage(mode),
    new HtmlWebpackPlugin({
      filename: 'support.html',
      template: './src/taskpane/support.html',
      chunks: [],
      inject: false,
      minify: false,
    }),
    new CopyWebpackPlugin({ patterns: copyPatterns }),
  ];
  if (harness) {
    // The harness never loads office.js: it drives the pane with a mock gateway.
    plugins.push(
      page('harness.html', ['harness'], '绩效自评校核 · 示例', {
        csp: contentSecurityPolicy({ officeFromCdn: false }),
        officeJs: null,
      }),
    );
  }

  const config = {
    mode,
    entry,
    output: {
      path: path.join(__dirname, 'dist'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      publicPath: '',
      // dist/node is the CLI (npm run build:cli runs first) and dist/preview the browser preview: keep them.
      clean: { keep: /^(node|preview)([\\/]|$)/ },
    },
    // No eval-based source maps: the CSP forbids eval.
    devtool: dev ? 'source-map' : false,
    resolve: {
      extensions: ['.tsx', '.ts', '.mjs', '.js'],
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: path.join(__dirname, 'tsconfig.json'),
              // ES2017 output: Office 2019 on Windows runs add-ins in EdgeHTML 18, which lacks ?. and ??.
              compilerOptions: { noEmit: false, sourceMap: dev, target: 'ES2017' },
            },
          },
        },
      ],
    },
    plugins,
    optimization: {
      // Default splitting (async chunks only), except the 审核台's worker: it stays one self-contained file,
      // so it loads nothing more (no importScripts) once the page has started it.
      splitChunks: { chunks: (chunk) => !chunk.canBeInitial() && chunk.name !== REVIEW_WORKER_CHUNK },
    },
    performance: { hints: false },
    stats: 'errors-warnings',
    devServer: {
      port: 3000,
      host: 'localhost',
      hot: false,
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: serving ? await devServerHttps() : 'http',
      static: false,
      client: { overlay: { warnings: false } },
    },
  };
  return env.preview ? previewOnly(config) : config;
};

/** 审核台 (review.html): the reviewer's desk, served beside the task pane; never loads office.js. */
const REVIEW_ENTRY = './src/review-page/index.ts';
/** The worker's chunk name (src/review-page/index.ts names it with a webpackChunkName comment). */
const REVIEW_WORKER_CHUNK = 'review-worker';
function reviewPage(mode) {
  return new HtmlWebpackPlugin({
    filename: 'review.html',
    template: './src/review-page/review.html',
    chunks: ['review'],
    title: '审核台 · 绩效自评校核',
    csp: contentSecurityPolicy({ officeFromCdn: false }),
    scriptLoading: 'defer',
    minify: mode === 'development' ? false : { collapseWhitespace: true, removeComments: true },
  });
}

/**
 * `--env preview`: only the browser preview (npm run preview, test/e2e) into dist/preview/, leaving
 * the add-in build in dist/ alone. Never loads office.js: the page drives the pane through the fake host.
 */
function previewOnly(config) {
  return {
    ...config,
    // The 审核台 too, so `npm run preview` serves it at /review.html.
    entry: { preview: './src/preview/index.tsx', review: REVIEW_ENTRY },
    // No source map of the 1 MB exceljs bundle: a faster build; the development bundle is readable as is.
    devtool: false,
    output: { ...config.output, path: path.join(__dirname, 'dist', 'preview'), filename: '[name].js', chunkFilename: '[name].js', clean: true },
    plugins: [
      new webpack.DefinePlugin({ __SELFEVAL_VERSION__: JSON.stringify(pkg.version) }),
      new HtmlWebpackPlugin({
        filename: 'preview.html',
        template: './src/preview/preview.html',
        chunks: ['preview'],
        csp: contentSecurityPolicy({ officeFromCdn: false }),
        scriptLoading: 'defer',
        minify: false,
      }),
      reviewPage(config.mode),
    ],
  };
}
