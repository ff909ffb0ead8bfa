import { TestBed } from '@angular/core/testing';
import { provideTranslateService } from '@ngx-translate/core';
import { DevMail } from '../services/dev-mail.models';
import { MailViewComponent } from './mail-view.component';

describe(MailViewComponent.name, () => {
  const mail: DevMail = {
    id: 'm1',
    to: ['jeanne@example.be'],
    subject: 'Mes clés numériques : activation',
    date: '2026-11-24T08:00:00.000Z',
    language: 'fr',
    text: 'Bonjour,\nActivez votre clé : https://sesame.example/activate?code=ABCDE-FGHIJ.\nMerci',
    html: '<p>Activez <a href="https://sesame.example/activate?code=ABCDE-FGHIJ">ici</a><script>alert(1)</script></p>',
  };

  async function render(value: DevMail): Promise<HTMLElement> {
    TestBed.configureTestingModule({ imports: [MailViewComponent], providers: [provideTranslateService()] });
    const fixture = TestBed.createComponent(MailViewComponent);
    fixture.componentRef.setInput('mail', value);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('renders the links of the text body as plain <a> elements', async () => {
    const element = await render(mail);
    const body = element.querySelector('.text-body');
    const anchors = Array.from(body?.querySelectorAll('a') ?? []);

    expect(anchors.map((anchor) => anchor.getAttribute('href'))).toEqual([
      'https://sesame.example/activate?code=ABCDE-FGHIJ',
    ]);
    expect(body?.textContent).toContain('Activez votre clé : ');
    expect(body?.textContent).toContain('.\nMerci');
    expect(element.querySelectorAll('.links a')).toHaveLength(1);
  });

  it('shows the HTML body in a frame that can run nothing', async () => {
    const element = await render(mail);
    const frame = element.querySelector('iframe');

    expect(frame?.getAttribute('sandbox')).toBe('');
    expect(frame?.getAttribute('srcdoc')).toContain('href="https://sesame.example/activate?code=ABCDE-FGHIJ"');
  });

  it('has no frame for a text-only mail', async () => {
    const element = await render({ ...mail, html: null });
    expect(element.querySelector('iframe')).toBeNull();
  });
});
