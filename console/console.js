/*
 * The registration window's console (一窗受理): sign in, register (设立), watch the hand-over to
 * the departments, print the licence (统一发证), find, change (变更) and deregister (注销).
 * Every fact comes from /graphql with the clerk's credential; this page keeps none of it.
 */
import { createSession } from './session.js';
import { setupRegister } from './register.js';
import { createHandOver } from './hand-over.js';
import { createLicencePrint } from './licence-print.js';
import { setupEnterprise } from './enterprise.js';

const $ = (id) => document.getElementById(id);
const tabs = [...document.querySelectorAll('.tabs [data-tab]')];

function showTab(name) {
  for (const tab of tabs) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(selected));
    $(`tab-${tab.dataset.tab}`).hidden = !selected;
  }
  document.body.dataset.tab = name;
}
for (const tab of tabs) tab.addEventListener('click', () => showTab(tab.dataset.tab));
// Alt+1 … Alt+3 switch tabs from anywhere, for a clerk who keeps both hands on the keyboard.
document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey) return;
  const tab = tabs[Number(event.key) - 1];
  if (tab && !tab.disabled) {
    event.preventDefault();
    showTab(tab.dataset.tab);
    tab.focus();
  }
});

let handOver;
let register;
let signedInBefore = false;
const session = createSession({
  dialog: $('sign-in'),
  onSignedIn(principal) {
    const staff = principal.clerk && /\w/.test(principal.clerk.staffNumber) ? `（工号 ${principal.clerk.staffNumber}）` : '';
    const person = principal.clerk ? `${principal.clerk.name}${staff}` : principal.credentialLabel;
    $('who').textContent = `${principal.department.name} · ${person} · ${principal.roles.includes('ADMIN') ? '管理员' : '窗口人员'}`;
    document.body.dataset.signedIn = principal.roles.join(',');
    $('sign-out').hidden = false;
    register.enable(principal);
    handOver.reconnect();
    // The first time, the clerk starts on the form; signing in again returns to where they were.
    if (!signedInBefore && !$('f-name').disabled) $('f-name').focus();
    signedInBefore = true;
  },
});
handOver = createHandOver({ session });
const licencePrint = createLicencePrint({ session, sheet: $('licence-sheet'), message: $('print-message') });
const printTab = tabs.find((tab) => tab.dataset.tab === 'print');

async function openPrint(uscc) {
  printTab.disabled = false;
  showTab('print');
  try {
    if (await licencePrint.show(uscc)) $('print-now').focus();
  } catch (error) {
    $('print-message').textContent = `无法生成营业执照：${error.message}`;
  }
}

register = setupRegister({
  session,
  onRegistered(payload) {
    const box = $('hand-over');
    handOver.show(box, payload);
    const print = document.createElement('button');
    print.type = 'button';
    print.id = 'print-licence';
    print.textContent = '打印营业执照';
    print.addEventListener('click', () => openPrint(payload.enterprise.uscc));
    box.append(print);
    print.focus();
  },
});
setupEnterprise({ session, handOver, onPrint: openPrint });
$('print-now').addEventListener('click', () => window.print());
$('sign-out').addEventListener('click', () => session.signOut());

showTab('register');
session.start();
