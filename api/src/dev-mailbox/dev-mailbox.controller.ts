import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CaughtMailDto, DevMailboxService } from './dev-mailbox.service';

@ApiTags('development')
@Controller('dev/mailbox')
@Roles('admin')
export class DevMailboxController {
  constructor(private readonly mailbox: DevMailboxService) {}

  @Get()
  list(): Promise<CaughtMailDto[]> {
    return this.mailbox.list();
  }

  @Delete()
  @HttpCode(204)
  clear(): Promise<void> {
    return this.mailbox.clear();
  }
}
