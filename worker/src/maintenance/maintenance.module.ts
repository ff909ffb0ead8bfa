import { Module } from '@nestjs/common';
import { MaintenanceHandlers } from './maintenance.handlers';

@Module({ providers: [MaintenanceHandlers] })
export class MaintenanceModule {}
