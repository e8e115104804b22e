#!/usr/bin/env node
/*
 * Generates the static pages of /practice/data/ (no JavaScript needed to read them):
 *   index.html, table.html, table-2.html ... table-10.html (500 customer rows, 50 per page), profiles.html
 * Everything is deterministic (derived from the row index only).
 * Usage: node generate.js   (writes next to this file)
 */
"use strict";
const fs = require("fs");
const path = require("path");
const OUT = __dirname;
const ROWS = 500;
const PER_PAGE = 50;
const PAGES = Math.ceil(ROWS / PER_PAGE);

const FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James", "Mia", "William",
  "Amelia", "Benjamin", "Harper", "Lucas", "Evelyn", "Henry", "Abigail", "Alexander", "Emily", "Daniel", "Ella", "Mateo", "Chloe"];
const LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Nguyen", "Patel", "Kim"];
const COUNTRIES = ["United States", "Canada", "United Kingdom", "Germany", "France", "Spain", "Italy", "Netherlands",
  "Sweden", "Australia", "Japan", "Brazil", "India", "Mexico", "Ireland"];
const DOMAINS = ["example.com", "example.org", "example.net"];
const PLANS = [
  { name: "Free", price: "$0", seats: "1", support: "Community forum" },
  { name: "Pro", price: "$29", seats: "Up to 5", support: "Email, next business day" },
  { name: "Business", price: "$99", seats: "Unlimited", support: "Phone and email, 24/7" }
];

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
}
function isoDate(dayOffset) {
  const d = new Date(Date.UTC(2021, 0, 4) + dayOffset * 86400000);
  return d.toISOString().slice(0, 10);
}

const rows = [];
for (let i = 0; i < ROWS; i++) {
  const first = FIRST[(i * 7) % FIRST.length];
  const last = LAST[(i * 11 + Math.floor(i / FIRST.length)) % LAST.length];
  const planIdx = i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2;   // 50% Free, 30% Pro, 20% Business
  const spend = planIdx === 0 ? 0 : planIdx === 1 ? 29 + ((i * 13) % 6) * 29 : 99 + ((i * 37) % 9) * 99;
  rows.push({
    id: 1001 + i,
    name: first + " " + last,
    email: (first + "." + last).toLowerCase() + (i + 1) + "@" + DOMAINS[i % DOMAINS.length],
    country: COUNTRIES[(i * 5 + Math.floor(i / 3)) % COUNTRIES.length],
    plan: PLANS[planIdx].name,
    spend: spend.toFixed(2),
    signedUp: isoDate(i * 3 + ((i * 7) % 3))
  });
}

function layout(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} &ndash; Practice Data</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/practice/shared/base.css">
<link rel="stylesheet" href="/practice/data/data.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="bar">
    <a class="logo" href="/practice/data/">Practice Data</a>
    <nav aria-label="Main"><ul>
      <li><a href="/practice/data/table.html">Customer table</a></li>
      <li><a href="/practice/data/profiles.html">Team profiles</a></li>
      <li><a href="/practice/">All practice sites</a></li>
    </ul></nav>
  </div>
</header>
<main id="main"><div class="wrap">
${body.trim()}
</div></main>
<footer class="site-footer"><div class="wrap"><p>Practice Data: static pages for extraction practice. All people and numbers are fictional.</p></div></footer>
</body>
</html>
`;
}

function pageFile(n) { return n === 1 ? "table.html" : `table-${n}.html`; }

function pagination(n) {
  let h = '<nav class="pagination" aria-label="Pagination">';
  h += n > 1 ? `<a href="/practice/data/${pageFile(n - 1)}" rel="prev">Previous</a>` : '<span class="disabled" aria-disabled="true">Previous</span>';
  for (let p = 1; p <= PAGES; p++) {
    h += `<a href="/practice/data/${pageFile(p)}"${p === n ? ' aria-current="page"' : ""}>${p}</a>`;
  }
  h += n < PAGES ? `<a href="/practice/data/${pageFile(n + 1)}" rel="next">Next</a>` : '<span class="disabled" aria-disabled="true">Next</span>';
  return h + "</nav>";
}

const planTable = `<aside class="side" aria-labelledby="plans-title">
  <table class="plans">
    <caption id="plans-title">Plan prices</caption>
    <thead><tr><th scope="col">Plan</th><th scope="col">Price per month</th><th scope="col">Seats</th><th scope="col">Support</th></tr></thead>
    <tbody>
${PLANS.map((p) => `      <tr><th scope="row">${p.name}</th><td>${p.price}</td><td>${p.seats}</td><td>${p.support}</td></tr>`).join("\n")}
    </tbody>
  </table>
</aside>`;

for (let n = 1; n <= PAGES; n++) {
  const slice = rows.slice((n - 1) * PER_PAGE, n * PER_PAGE);
  const first = (n - 1) * PER_PAGE + 1, last = first + slice.length - 1;
  const body = `
<h1>Customers</h1>
<p class="muted">All ${ROWS} customer accounts, ${PER_PAGE} per page. Page ${n} of ${PAGES}.</p>
<div class="data-layout">
<section aria-labelledby="customers-caption">
  <p id="range">Showing rows ${first}&ndash;${last} of ${ROWS}</p>
  <div class="table-scroll">
  <table class="customers" id="customers">
    <caption id="customers-caption">Customers (page ${n} of ${PAGES})</caption>
    <thead><tr><th scope="col">ID</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Country</th><th scope="col">Plan</th><th scope="col" class="num">Monthly spend ($)</th><th scope="col">Signed up</th></tr></thead>
    <tbody>
${slice.map((r) => `      <tr><td>${r.id}</td><td>${esc(r.name)}</td><td>${esc(r.email)}</td><td>${esc(r.country)}</td><td>${r.plan}</td><td class="num">${r.spend}</td><td><time datetime="${r.signedUp}">${r.signedUp}</time></td></tr>`).join("\n")}
    </tbody>
  </table>
  </div>
  ${pagination(n)}
</section>
${planTable}
</div>`;
  fs.writeFileSync(path.join(OUT, pageFile(n)), layout(`Customers, page ${n} of ${PAGES}`, body));
}

// Profiles ------------------------------------------------------------------
const TITLES = ["Software Engineer", "Product Manager", "UX Designer", "Data Analyst", "Engineering Manager",
  "QA Engineer", "Site Reliability Engineer", "Technical Writer", "Sales Director", "Customer Success Lead"];
const COMPANIES = ["Acme Analytics", "Globex Systems", "Initech", "Umbrella Health", "Stark Logistics",
  "Wayne Financial", "Hooli Cloud", "Vandelay Imports"];
const CITIES = ["Austin, TX, USA", "Toronto, Canada", "London, UK", "Berlin, Germany", "Paris, France", "Madrid, Spain",
  "Amsterdam, Netherlands", "Stockholm, Sweden", "Sydney, Australia", "Tokyo, Japan", "Dublin, Ireland"];
const profiles = [];
for (let i = 0; i < 20; i++) {
  const first = FIRST[(i * 3 + 1) % FIRST.length], last = LAST[(i * 5 + 2) % LAST.length];
  const company = COMPANIES[i % COMPANIES.length];
  profiles.push({
    name: `${first} ${last}`,
    title: TITLES[(i * 3) % TITLES.length],
    company,
    email: `${first}.${last}@${company.toLowerCase().replace(/[^a-z]+/g, "")}.example`.toLowerCase(),
    phone: `+1 555-555-01${String(i * 4 + 10).padStart(2, "0")}`,
    location: CITIES[(i * 7) % CITIES.length]
  });
}
const profileBody = `
<h1>Team profiles</h1>
<p class="muted">${profiles.length} contacts from our partner companies.</p>
<ul class="profiles">
${profiles.map((p, i) => `  <li><article class="profile" aria-labelledby="profile-${i + 1}">
    <h2 id="profile-${i + 1}">${esc(p.name)}</h2>
    <dl>
      <dt>Name</dt><dd>${esc(p.name)}</dd>
      <dt>Title</dt><dd>${esc(p.title)}</dd>
      <dt>Company</dt><dd>${esc(p.company)}</dd>
      <dt>Email</dt><dd><a href="mailto:${esc(p.email)}">${esc(p.email)}</a></dd>
      <dt>Phone</dt><dd>${esc(p.phone)}</dd>
      <dt>Location</dt><dd>${esc(p.location)}</dd>
    </dl>
  </article></li>`).join("\n")}
</ul>`;
fs.writeFileSync(path.join(OUT, "profiles.html"), layout("Team profiles", profileBody));

const indexBody = `
<h1>Practice Data</h1>
<p>Static pages for data-extraction practice. Everything here is plain HTML: no JavaScript is needed to read it.</p>
<ul class="link-list">
  <li><a href="/practice/data/table.html">Customer table</a> &ndash; ${ROWS} customers in a paginated table (${PER_PAGE} rows per page, ${PAGES} pages), next to a small &ldquo;Plan prices&rdquo; table.</li>
  <li><a href="/practice/data/profiles.html">Team profiles</a> &ndash; ${profiles.length} contact cards with name/value pairs.</li>
</ul>`;
fs.writeFileSync(path.join(OUT, "index.html"), layout("Home", indexBody));
console.log(`Wrote ${PAGES} table pages, profiles.html and index.html to ${OUT}`);
