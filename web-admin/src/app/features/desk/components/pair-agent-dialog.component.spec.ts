import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialogRef } from '@angular/material/dialog';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import en from '../../../../../public/i18n/en.json';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { DeskAgentError, DeskAgentService } from '../services/desk-agent.service';
import { PairAgentDialogComponent } from './pair-agent-dialog.component';

describe(PairAgentDialogComponent.name, () => {
  let fixture: ComponentFixture<PairAgentDialogComponent>;
  let element: HTMLElement;
  let agent: { startPairing: ReturnType<typeof vi.fn>; confirmPairing: ReturnType<typeof vi.fn> };
  let close: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    agent = { startPairing: vi.fn().mockResolvedValue('2026-11-24T10:02:00.000Z'), confirmPairing: vi.fn() };
    close = vi.fn();
    TestBed.configureTestingModule({
      imports: [PairAgentDialogComponent],
      providers: [
        provideTranslateService(),
        { provide: DeskAgentService, useValue: agent },
        { provide: MatDialogRef, useValue: { close } },
        { provide: ErrorNotifier, useValue: { info: vi.fn(), show: vi.fn() } },
      ],
    });
    const translate = TestBed.inject(TranslateService);
    translate.setTranslation('en', en);
    translate.use('en');
    fixture = TestBed.createComponent(PairAgentDialogComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle();
  });

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }

  async function submitCode(code: string): Promise<void> {
    const input = element.querySelector<HTMLInputElement>('[data-testid="pairing-code-input"]') as HTMLInputElement;
    input.value = code;
    input.dispatchEvent(new Event('input'));
    element.querySelector<HTMLButtonElement>('[data-testid="pair-confirm-button"]')?.click();
    await settle();
  }

  it('asks the agent to show a code, then sends the code the clerk typed', async () => {
    expect(agent.startPairing).toHaveBeenCalledTimes(1);
    agent.confirmPairing.mockResolvedValue(undefined);

    await submitCode('abc 234');

    expect(agent.confirmPairing).toHaveBeenCalledWith('abc 234');
    expect(close).toHaveBeenCalledWith(true);
  });

  it('says how many attempts are left after a wrong code, and stays open', async () => {
    agent.confirmPairing.mockRejectedValue(new DeskAgentError('agent.pair_code_invalid', 2));

    await submitCode('ZZZ999');

    expect(element.querySelector('[data-testid="pair-error"]')?.textContent?.trim()).toBe(
      "Wrong code (2 attempts left). Check the code on the agent's screen.",
    );
    expect(close).not.toHaveBeenCalled();
    expect(element.querySelector<HTMLButtonElement>('[data-testid="pair-confirm-button"]')?.disabled).toBe(false);
  });

  it('offers a new code once the code expired', async () => {
    agent.confirmPairing.mockRejectedValue(new DeskAgentError('agent.pair_code_expired'));
    await submitCode('ABC234');

    element.querySelector<HTMLButtonElement>('[data-testid="pair-new-code-button"]')?.click();
    await settle();
    expect(agent.startPairing).toHaveBeenCalledTimes(2);
  });
});
