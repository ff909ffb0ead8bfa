import { Module } from '@nestjs/common';
import { MaintenanceHandlers } from './maintenance.handlers';
import { MaintenanceRepository } from './maintenance.repository';
import { MaintenanceService } from './maintenance.service';

@Module({ providers: [MaintenanceHandlers, MaintenanceService, MaintenanceRepository] })
export class MaintenanceModule {}
